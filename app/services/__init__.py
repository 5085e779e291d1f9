"""What claimdesk does: plain functions taking a Session, no request objects."""
