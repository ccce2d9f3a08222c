"""Corpus and rendered PDFs → the website's generated pages (and the register's rows file).

Every page is Markdown that MkDocs parses again, so a page is front matter (written as
JSON, escaped for HTML because Material inserts titles raw) followed by one raw HTML
block made by Jinja with autoescape on. Author text reaches the HTML only through
:class:`~decision_press.render.markdown_lite.MarkdownLite`, never through Markdown
syntax, so '# Not a heading' or '[x](javascript:…)' in a record stays literal.
Nothing here imports MkDocs; the pages' front matter uses Material's keys (``search``,
``hide``). :mod:`decision_press.site` adds the published files and hands the whole to an
adapter.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from decision_press import urls
from decision_press.caching import prepare_cache_dir
from decision_press.corpus import Corpus, PublicDecision, item_letter
from decision_press.model.record import slugify
from decision_press.render import web_cache
from decision_press.render.markdown_lite import MarkdownLite, plain_text
from decision_press.render.notices import notice_files
from decision_press.render.outputs import GeneratedFile, GeneratedPage, Heading, RenderedDocument, SiteOutput
from decision_press.render.templates import template_environment
from decision_press.render.web_format import (
    as_raw_html_block,
    front_matter,
    html_text,
    long_date,
    money,
    relative_root,
)
from decision_press.select import Mode
from decision_press.session import Session

Documents = Mapping[tuple[str, str], RenderedDocument]

LATEST_ON_HOME = 5
REGISTER_PAGE = urls.page_source(urls.REGISTER)


@dataclass(frozen=True)
class Facet:
    """One value of a register filter (a year, a type, a topic, a decision maker)."""

    kind: str
    """'year', 'type', 'topic' or 'maker'."""
    slug: str
    label: str
    decisions: tuple[PublicDecision, ...]

    @property
    def url(self) -> str:
        return urls.facet(self.kind, self.slug)


FACET_HEADINGS = {"year": "Year signed", "type": "Type", "topic": "Topic", "maker": "Decision maker"}


def facets(corpus: Corpus) -> dict[str, list[Facet]]:
    """The register's filters, each value with the listed decisions it selects."""
    by_kind: dict[str, dict[str, tuple[str, list[PublicDecision]]]] = {"year": {}, "type": {}, "maker": {}}
    for decision in corpus.listed:
        year = str(decision.signed_date.year)
        keys = {
            "year": (year, year),
            "type": (decision.record.prefix.lower(), decision.type.name),
            "maker": (slugify(decision.record.decision_maker.role), decision.record.decision_maker.role),
        }
        for kind, (slug, label) in keys.items():
            by_kind[kind].setdefault(slug, (label, []))[1].append(decision)
    result = {
        kind: [Facet(kind, slug, label, tuple(found)) for slug, (label, found) in values.items()]
        for kind, values in by_kind.items()
    }
    result["year"].sort(key=lambda f: f.slug, reverse=True)
    result["type"].sort(key=lambda f: f.label.lower())
    result["maker"].sort(key=lambda f: f.label.lower())
    result["topic"] = [Facet("topic", slug, name, found) for slug, (name, found) in corpus.topics.items()]
    return {kind: result[kind] for kind in ("year", "type", "topic", "maker")}


def fill_placeholders(text: str, corpus: Corpus) -> str:
    """Hand-written pages → the same with the organisation's details from decision-press.yml.

    ``{{ organisation.email }}``, ``{{ organisation.name }}`` and ``{{ organisation.short_name }}``
    are replaced by plain string substitution (never a template engine), so the
    accessibility statement's "ask for another format" route uses the configured address.
    """
    organisation = corpus.settings.project.organisation
    values = {"email": organisation.email, "name": organisation.name, "short_name": organisation.short_name}

    def replace(match: re.Match[str]) -> str:
        return html_text(values[match.group(1)])

    return re.sub(r"\{\{\s*organisation\.(email|name|short_name)\s*\}\}", replace, text)


_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def headings(body: str) -> tuple[Heading, ...]:
    """The h1 to h3 headings with an id in a rendered page, their inner tags removed."""
    return tuple(
        Heading(int(level), anchor, re.sub(r"<[^>]+>", "", inner).strip())
        for level, anchor, inner in _HEADING.findall(body)
    )


class WebRenderer:
    """Renders the pages of one build; templates come from the project's templates/web/."""

    def __init__(
        self,
        corpus: Corpus,
        documents: Documents,
        *,
        site_url: str | None = None,
        site_name: str = "Decisions",
        cache_dir: Path | None = None,
        session: Session | None = None,
        mode: Mode = Mode.PUBLIC,
    ) -> None:
        self.corpus = corpus
        self.mode = mode
        # A preview's session keeps this render's decision pages and register rows for its next
        # render; a one-off build would only hold them longer than it needs.
        self.session = session or Session()
        self._memo = self.session.preview
        self.documents = documents
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else None
        self.site_name = site_name
        settings = corpus.settings
        self.markdown = MarkdownLite(settings.references)
        self.env = template_environment(settings.templates_dir / "web", bytecode_cache=self.session.compiled_templates)
        self.env.filters.update(
            md=self._md, md_inline=self._md_inline, long_date=long_date, money=money, plain=plain_text, slug=slugify
        )
        self.env.globals.update(
            organisation=settings.project.organisation,
            as_of=corpus.as_of,
            site_name=site_name,
            facet_headings=FACET_HEADINGS,
            letter=item_letter,
            urls=urls,
            preview=mode is Mode.PREVIEW,
        )
        self.facets = facets(corpus)
        self.cache_dir = prepare_cache_dir(cache_dir) if cache_dir is not None else None
        self._rows: dict[tuple[bytes, str, str], Markup] = {}
        # What every page depends on besides its own content; a decision page also shows
        # which other decisions exist (links to related ones), hence the references. The mode
        # too: no page or row a preview rendered is ever read back by a public build.
        self._site_digest = web_cache.shared_digest(
            settings.templates_dir / "web",
            settings.project.model_dump_json(),
            (self.site_url or "", site_name, corpus.as_of.isoformat(), mode.value),
        )
        self._shared = web_cache.page_key(
            self._site_digest, sorted(d.record.reference for d in corpus.decisions)
        ).encode("ascii")
        self.env.globals["register_row"] = self._register_row
        self.env.globals["register_rows"] = self._register_rows

    # -- filters that need the page's place in the site ------------------------------------

    @jinja2.pass_context
    def _md(self, context: jinja2.runtime.Context, text: str) -> Markup:
        return self.markdown.render(text, self.corpus.resolver(context["root"]))

    @jinja2.pass_context
    def _md_inline(self, context: jinja2.runtime.Context, text: str) -> Markup:
        return self.markdown.render_inline(text, self.corpus.resolver(context["root"]))

    # -- the site ----------------------------------------------------------------------

    def render(self, *, with_home: bool = True) -> SiteOutput:
        """Every generated page, and the register's rows as a file when the register is paged."""
        out = SiteOutput()
        if with_home:
            # No title of its own: Material titles the home page with the site name alone.
            out.pages.append(
                self._page(
                    urls.page_source(""),
                    "home.html.j2",
                    {
                        "description": f"Formal decisions of the {self.corpus.settings.project.organisation.name}.",
                        "search": {"exclude": True},  # it lists the newest decisions, each indexed on its own page
                    },
                    latest=self.corpus.listed[:LATEST_ON_HOME],
                    counts=self._counts(),
                )
            )
        out.pages.append(self._register())
        if self._register_paged:
            out.files.append(self._register_rows_file())
        for kind, values in self.facets.items():
            if kind == "topic":
                continue
            for facet in values:
                out.pages.append(self._facet_page(facet))
        out.pages.append(
            self._page(
                urls.page_source(urls.TOPICS),
                "topics.html.j2",
                {
                    "title": "Topics",
                    "description": "Decisions grouped by topic.",
                    "search": {"exclude": True},
                },
                topics=self.facets["topic"],
            )
        )
        for facet in self.facets["topic"]:
            out.pages.append(self._facet_page(facet))
        for decision in self.corpus.decisions:
            page = self._decision_page(decision)
            # A draft shown in a preview has no publication date, so no last change either.
            changed = decision.record.last_updated or decision.record.public_from
            out.pages.append(dataclasses.replace(page, lastmod=changed.isoformat()) if changed else page)
        facet_pages = [facet.url for values in self.facets.values() for facet in values]
        out.files += notice_files(self.corpus, self.env, self.documents, self.site_url, facet_pages)
        out.pages.append(self._search_page())
        return out

    def _search_page(self) -> GeneratedPage:
        """The search page; its script searches the Pagefind index that the build writes (search_index.py)."""
        listed = self.corpus.listed
        return self._page(
            urls.page_source(urls.SEARCH),
            "search.html.j2",
            {
                "title": "Search decisions",
                "description": "Search the full text of every published decision, with filters by type, year, "
                "topic and decision maker.",
                "search": {"exclude": True},
                "hide": ["toc"],
            },
            facets=self.facets,
            example_reference=listed[0].record.reference if listed else None,
        )

    def _register_row(self, decision: PublicDecision, root: str) -> Markup:
        """A decision's row in the register tables: the same in every table at the same depth."""
        key = (self._site_digest, decision.record.canonical_json, root)
        row = self._rows.get(key) or self.session.rows.get(key)
        if row is None:
            row = Markup(self.env.get_template("_register_row.html.j2").render(d=decision, root=root))  # noqa: S704 - autoescaped template output
        self._rows[key] = row
        if self._memo:
            self.session.rows.put(key, row)
        return row

    def _register_rows(self, decisions: list[PublicDecision], root: str) -> Markup:
        """The rows of a register table: joined here, as a template loop over 2,000 rows costs
        more than the rows themselves once they are kept."""
        return Markup("\n").join(self._register_row(decision, root) for decision in decisions)

    # -- pages -------------------------------------------------------------------------

    def _page(
        self, src_uri: str, template: str, meta: dict[str, Any], *, edit_path: str | None = None, **context: Any
    ) -> GeneratedPage:
        root = relative_root(src_uri)
        body = self.env.get_template(template).render(root=root, page_uri=src_uri, **context)
        head = {key: html_text(value) if key in ("title", "description") else value for key, value in meta.items()}
        return GeneratedPage(src_uri, front_matter(head) + "\n" + as_raw_html_block(body), edit_path, headings(body))

    def _counts(self) -> dict[str, int]:
        return {
            "listed": len(self.corpus.listed),
            "withdrawn": sum(1 for d in self.corpus.decisions if d.withdrawn),
            "topics": len(self.facets["topic"]),
        }

    @property
    def _register_paged(self) -> bool:
        """Whether the register page lists only its newest decisions (every row is in urls.REGISTER_ROWS)."""
        return len(self.corpus.listed) > self.corpus.settings.project.register_rows

    def _register(self) -> GeneratedPage:
        listed = self.corpus.listed
        return self._page(
            REGISTER_PAGE,
            "register.html.j2",
            {
                "title": "Register of decisions",
                "description": f"Every published decision of the {self.corpus.settings.project.organisation.name}, "
                "newest first, with filters by year, type, topic and decision maker.",
                "search": {"exclude": True},
                "hide": ["toc"],
            },
            decisions=listed[: self.corpus.settings.project.register_rows],
            facets=self.facets,
            counts=self._counts(),
            all_rows=urls.REGISTER_ROWS.removeprefix(urls.REGISTER) if self._register_paged else None,
            withdrawn=[d for d in self.corpus.decisions if d.withdrawn],
        )

    def _register_rows_file(self) -> GeneratedFile:
        """Every listed decision's register row, for the register's script to show on demand.

        The rows are the page's own (the same template, escaped alike, links relative to the
        register), so the script inserts markup this site made, never a record's raw text.
        """
        root = relative_root(REGISTER_PAGE)
        rows = [str(self._register_row(d, root)) for d in self.corpus.listed]
        return GeneratedFile(urls.REGISTER_ROWS, content=json.dumps({"rows": rows}, separators=(",", ":")))

    def _facet_page(self, facet: Facet) -> GeneratedPage:
        noun = "decision" if len(facet.decisions) == 1 else "decisions"
        if facet.kind == "year":
            title = f"Decisions signed in {facet.label}"
        elif facet.kind == "topic":
            title = f"Topic: {facet.label}"
        elif facet.kind == "maker":
            title = f"Decisions by the {facet.label}"
        else:
            title = f"{facet.label}s" if not facet.label.endswith("s") else facet.label
        return self._page(
            urls.page_source(facet.url),
            "facet.html.j2",
            {
                "title": title,
                "description": f"{len(facet.decisions)} {noun}: {title}.",
                "search": {"exclude": True},
                "hide": ["toc"],
            },
            facet=facet,
            facets=self.facets,
            heading=title,
        )

    def _decision_page(self, decision: PublicDecision) -> GeneratedPage:
        if self.cache_dir is None:
            return self._render_decision_page(decision)
        key = web_cache.page_key(self._shared, self._page_parts(decision))
        page: GeneratedPage | None = self.session.pages.get(key)
        if page is None:
            page = self._cached_page(key, urls.page_source(decision.url))
        if page is None:
            page = self._render_decision_page(decision)
            web_cache.write(
                self.cache_dir,
                key,
                {
                    "src_uri": page.src_uri,
                    "content": page.content,
                    "edit_path": page.edit_path,
                    "toc": [[h.level, h.id, h.html] for h in page.toc],
                },
            )
        if self._memo:
            self.session.pages.put(key, page)
        return page

    def _cached_page(self, key: str, src_uri: str) -> GeneratedPage | None:
        """The page cached under ``key``, when it is intact and is the page at ``src_uri``."""
        if self.cache_dir is None:
            return None
        cached = web_cache.read(self.cache_dir, key)
        if cached is None or cached.get("src_uri") != src_uri or not isinstance(cached.get("content"), str):
            return None
        edit_path, toc = cached.get("edit_path"), cached.get("toc")
        if not (edit_path is None or isinstance(edit_path, str)) or not isinstance(toc, list):
            return None
        if not all(
            isinstance(h, list)
            and len(h) == 3
            and type(h[0]) is int
            and isinstance(h[1], str)
            and isinstance(h[2], str)
            for h in toc
        ):
            return None
        return GeneratedPage(src_uri, cached["content"], edit_path, tuple(Heading(*h) for h in toc))

    def _page_parts(self, decision: PublicDecision) -> list[str]:
        """Everything a decision page shows besides what :attr:`_shared` covers."""
        parts = [
            decision.record.canonical_json,
            str(decision.source.path),
            decision.type.model_dump_json(),
            f"edit:{self.corpus.edit_path(decision)}",
        ]
        for link in self.corpus.related(decision):
            parts.append(f"{link.label}|{link.other.record.reference}|{link.other.record.title}|{link.other.withdrawn}")
        for document in decision.documents:
            rendered = self.documents.get((decision.slug, document.filename))
            parts.append(
                f"{document.filename}|{rendered.describe() if rendered else '-'}|{rendered.tagged if rendered else '-'}"
            )
        return parts

    def _render_decision_page(self, decision: PublicDecision) -> GeneratedPage:
        record = decision.record
        documents = [(doc, self.documents.get((decision.slug, doc.filename))) for doc in decision.documents]
        topic_links = [(topic, urls.topic(slugify(topic))) for topic in record.topics]
        title = f"{record.reference}: {record.title}"
        meta: dict[str, Any] = {"title": title, "description": plain_text(record.summary)[:240]}
        return self._page(
            urls.page_source(decision.url),
            "decision.html.j2",
            meta,
            edit_path=self.corpus.edit_path(decision),
            d=decision,
            r=record,
            documents=documents,
            topic_links=topic_links,
            related=self.corpus.related(decision),
            site_url=self.site_url,
        )
