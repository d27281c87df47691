print("gdn-tui")
