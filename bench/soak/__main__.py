"""``python -m bench.soak``: the soak test (see bench/soak/run.py)."""

from bench.soak.run import main

main()
