"""gunicorn reads this file from the working directory: access lines go through wbl_match's redaction
(no one-time link in any log line; see ``wbl_match/logs.py``)."""
logger_class = "wbl_match.logs.GunicornLogger"
