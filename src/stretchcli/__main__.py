from stretchcli.entry import run

run()
