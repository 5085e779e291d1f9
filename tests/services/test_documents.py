"""Documents as the claim pages and the API read them, on both databases."""

import pytest
from sqlalchemy import event

from app.services import documents
from app.services.errors import NotFound
from app.services.export import document_record
from tests.factories import add_document


def test_a_claims_document_fields_are_read_without_its_text(session):
    document, _ = add_document(session, title="Floods")
    session.expunge_all()
    statements = []

    def executed(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(session.get_bind(), "before_cursor_execute", executed)
    try:
        head = documents.document_head(session, document.id)
    finally:
        event.remove(session.get_bind(), "before_cursor_execute", executed)
    assert document_record(head) == document_record(document)
    assert not [s for s in statements if "document.text" in s]
    with pytest.raises(NotFound):
        documents.document_head(session, document.id + 1)
