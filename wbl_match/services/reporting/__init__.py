"""Reports for the state and for the consortium: the CALPADS WBLR file and the outcomes report."""
