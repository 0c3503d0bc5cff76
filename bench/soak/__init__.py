"""The soak test: mixed public load while editors publish and hostile feeds are ingested."""
