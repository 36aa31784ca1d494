"""What the user sees: listings and pages, the live screen, plain and JSON lines, history."""
