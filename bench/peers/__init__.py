"""Other CMSs built with the benchmark's corpus and measured beside ours."""
