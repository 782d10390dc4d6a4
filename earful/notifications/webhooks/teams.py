"""Microsoft Teams incoming-webhook payload: a legacy MessageCard, which every
Teams connector and workflow trigger accepts."""

from __future__ import annotations

from typing import Any

from earful.notifications.webhooks.summary import headline, lines


def build(*, event: str, data: dict[str, Any]) -> dict[str, Any]:
    title = headline(event, data)
    card: dict[str, Any] = {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": title,
        "themeColor": "D7263D" if data.get("nps_group") == "detractor" else "2E86AB",
        "title": title,
        "text": "\n\n".join(lines(data)),
    }
    if data.get("url"):
        card["potentialAction"] = [
            {
                "@type": "OpenUri",
                "name": "Open in Earful",
                "targets": [{"os": "default", "uri": data["url"]}],
            }
        ]
    return card
