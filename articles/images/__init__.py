"""Image handling: sized versions for pages, feeds and the API."""
