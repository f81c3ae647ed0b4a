"""One module per report section; importing a module registers its indicators."""
