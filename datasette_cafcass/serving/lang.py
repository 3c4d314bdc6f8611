"""Every HTML page says its language: <html lang="en">.

Datasette 0.65's base.html opens with a bare <html>, so a screen reader has to
guess how to pronounce the page. Rather than replace Datasette's base template,
this ASGI wrapper adds the attribute to the first <html> of an HTML response
(the guard's own 400 pages included), fixing content-length if one was set.
"""
OPEN, WITH_LANG = b"<html>", b'<html lang="en">'
LOOK_IN = 200  # the doctype and <html> come first


def wrap(app):
    async def with_lang(scope, receive, send):
        if scope.get("type") != "http":
            return await app(scope, receive, send)
        state = {"html": False, "start": None, "done": False}

        async def lang_send(message):
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                state["html"] = headers.get(b"content-type", b"").startswith(b"text/html")
                if state["html"]:
                    state["start"] = message  # held until the first body shows the <html> tag
                    return
                return await send(message)
            if message["type"] == "http.response.body" and state["start"] is not None:
                start, state["start"] = state["start"], None
                body = message.get("body", b"")
                head = body[:LOOK_IN]
                if not state["done"] and OPEN in head:
                    body = head.replace(OPEN, WITH_LANG, 1) + body[LOOK_IN:]
                    state["done"] = True
                    start = {**start, "headers": [
                        (k, str(int(v) + len(WITH_LANG) - len(OPEN)).encode() if k.lower() == b"content-length" else v)
                        for k, v in start.get("headers", [])]}
                    message = {**message, "body": body}
                await send(start)
            return await send(message)

        return await app(scope, receive, lang_send)

    return with_lang
