from stretchcli.cli import main

main()
