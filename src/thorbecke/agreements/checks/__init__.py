"""The checks of the agreed standards, one module a category: the website (``web``), TLS (``tls``), mail and DNS
(``mail``: the resolver, SPF, DMARC, DKIM and DNSSEC), published OpenAPI documents (``api``) and the data
system (``exchange``). What they share, the target, the result and its verdicts, lives in ``base``."""
