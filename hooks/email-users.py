#!/usr/bin/env python3
"""Demo notification hook: turns a notices event (JSON on stdin) into an e-mail to users.

It writes the message to .cache/notices/outbox/<event id>.eml instead of sending it,
so the demo needs no mail server. Exit 0 tells `notices notify` it was delivered; a
real hook would hand the message to your mail service here.
"""

import json
import sys
from email.message import EmailMessage
from pathlib import Path

from notices.publish.mail import change_email

event = json.load(sys.stdin)
message = EmailMessage()
message["From"] = "Brightwater Kitchen <privacy@brightwater.example>"
message["To"] = "all-users@brightwater.example"
message["Message-ID"] = f"<{event['id']}@notices.brightwater.example>"
subject, lines = change_email(event)  # in the notice's language, from the tool's catalogs
message["Subject"] = subject
lines += ["", "Brightwater Kitchen"]
message.set_content("\n".join(lines) + "\n", cte="8bit")

outbox = Path(".cache/notices/outbox")
outbox.mkdir(parents=True, exist_ok=True)
(outbox / f"{event['id']}.eml").write_bytes(bytes(message))
print(f"wrote {outbox / (event['id'] + '.eml')}")
