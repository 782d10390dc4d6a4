from earful.cli import main

main()
