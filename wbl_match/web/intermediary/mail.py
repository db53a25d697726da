"""Delivering the outbox after a change that queued e-mail (the shared ``web.mail``)."""
from wbl_match.web.mail import deliver_outbox, link_makers  # noqa: F401
