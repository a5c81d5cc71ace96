"""The forum's pages. Views parse the request, ask forum.permissions, and call forum.services."""
