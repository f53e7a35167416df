"""``st.write_stream``: write the chunks of a generator or iterable as they arrive."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, Iterable, Iterator
from typing import Any

from kernel.context import get_run_context
from kernel.contracts import DeltaGenerator
from kernel.elements import argument_error as fail


def _sync_chunks(stream: Any) -> Iterator[Any]:
    if inspect.isgeneratorfunction(stream) or inspect.isasyncgenfunction(stream):
        stream = stream()
    if isinstance(stream, AsyncIterable):
        yield from _drain_async(stream)
        return
    if isinstance(stream, str | bytes) or not isinstance(stream, Iterable):
        raise fail("write_stream", "stream", stream,
                   "give a generator, a generator function, an iterable or an async iterable of chunks")
    yield from stream


def _drain_async(stream: AsyncIterable[Any]) -> Iterator[Any]:
    import asyncio  # only for async generators; keeps start-up free of asyncio

    loop = asyncio.new_event_loop()
    try:
        iterator = stream.__aiter__()
        while True:
            try:
                yield loop.run_until_complete(iterator.__anext__())
            except StopAsyncIteration:
                return
    finally:
        loop.close()


def _chunk_text(chunk: Any) -> str | None:
    """The text of a chunk, or ``None`` if it is not text (LLM SDK chunks carry their text in a field)."""
    if isinstance(chunk, str):
        return chunk
    choices = getattr(chunk, "choices", None)
    if choices:
        delta = getattr(choices[0], "delta", None)
        content = getattr(delta, "content", None)
        if isinstance(content, str):
            return content
    content = getattr(chunk, "content", None)
    if isinstance(content, str) and type(chunk).__module__.startswith(("langchain", "openai")):
        return content
    return None


def write_stream(dg: DeltaGenerator, stream: Any, *, cursor: str | None = None) -> list[Any] | str:
    """``st.write_stream``: text chunks grow one Markdown element (typewriter style); other chunks go to ``st.write``.

    Returns the whole text if the stream was one run of text, ``""`` if it was empty,
    otherwise the list of chunks written (consecutive text merged).
    """
    from kernel_plugins.elements_text.text import markdown
    from kernel_plugins.elements_text.write import write

    if cursor is not None and not isinstance(cursor, str):
        raise fail("write_stream", "cursor", cursor, "use a Markdown string or None")
    ctx = get_run_context()
    written: list[Any] = []
    text = ""
    slot: DeltaGenerator | None = None

    def end_text() -> None:
        nonlocal text, slot
        if slot is not None:
            markdown(slot, text)
            written.append(text)
        text, slot = "", None

    for chunk in _sync_chunks(stream):
        if ctx is not None:
            ctx.checkpoint()
        piece = _chunk_text(chunk)
        if piece is not None:
            if not piece:
                continue
            text += piece
            shown = text + (cursor or "")
            slot = markdown(dg, shown) if slot is None else markdown(slot, shown)
            continue
        end_text()
        if callable(chunk):
            chunk()
            continue
        write(dg, chunk)
        written.append(chunk)
    end_text()
    if not written:
        return ""
    if len(written) == 1 and isinstance(written[0], str):
        return written[0]
    return written
