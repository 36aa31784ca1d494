"""The body's geometry: a pose as points, seen from a view, among its props, and what a posed
figure must satisfy. Pure; imports only the standard library and `model`, `errors`, `text`,
so that both the files' checker and the views can use it."""
