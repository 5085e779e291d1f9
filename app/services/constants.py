"""Names and sizes the command line's options are built from (choices, defaults, bounds).

They live here, importing nothing, so that `claimdesk --help` can show them without
loading SQLAlchemy, the models or the web app; the services that own them import them.
"""

# The largest value of the id, version and offset columns (PostgreSQL `integer`); a
# larger number in a query is an error there ("integer out of range"), so it never gets one.
LARGEST_ID = 2**31 - 1

BATCH_DOCUMENTS = 256  # documents an ingest extracts and stores in one transaction

EXPORT_FORMATS = ("jsonl", "csv", "claimreview", "prodigy")

LOCAL_ADMIN = "admin"  # the account a one-time sign-in link from `claimdesk serve` opens
