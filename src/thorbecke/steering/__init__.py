"""Steering as one government: indicators computed from what the apps know, goals and commitments, the investment
agenda, data bottlenecks and digital legislation. It sits above the apps and reads them through their own
functions, never their tables (docs/architecture.md)."""
