"""The mail and DNS checks: SPF, DMARC, DKIM and DNSSEC against one configurable resolver."""
