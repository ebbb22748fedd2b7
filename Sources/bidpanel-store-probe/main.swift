print("store probe: not yet")
