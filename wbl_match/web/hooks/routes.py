"""Twilio's webhook for incoming texts: STOP opts the sender out, START is noted (consent again is given on
the profile). The request must carry Twilio's signature for this address with the account's auth token;
the answer is the same empty TwiML whether the number is known or not."""
from __future__ import annotations

from flask import Response, abort, request

from wbl_match import sms
from wbl_match.access import public
from wbl_match.extensions import csrf, db
from wbl_match.outbox_jobs import sms_settings
from wbl_match.services.outbox.texts import incoming_text
from wbl_match.web.hooks import bp


@bp.route("/twilio/messages", methods=["POST"])
@public  # no session: Twilio's signature, checked below, is the key
@csrf.exempt  # Twilio posts no CSRF token; this one route is exempt, the signature stands in for it
def twilio_messages():
    settings = sms_settings()
    if not sms.signed_by_provider(settings, request.url, request.form, request.headers.get("X-Twilio-Signature")):
        abort(403)
    incoming_text(db.session, request.form.get("From"), request.form.get("Body"))
    return Response(sms.EMPTY_TWIML, mimetype="text/xml")
