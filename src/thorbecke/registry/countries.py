"""Countries as ISO 3166-1 alpha-2 codes, and which are in the EU: a supplier, a data location or a key holder
outside these is a dependence outside the EU."""

EU = frozenset("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
