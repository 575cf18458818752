"""The mail and DNS checks, one module a standard: SPF, DMARC, DKIM and DNSSEC, all asking the one resolver of
``resolver``; ``domain`` measures a domain with all of them."""
