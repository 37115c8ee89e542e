"""Published issues for the publishing benchmarks, made through the publishing services
(schedule, arrange, publish) with generated metadata and full texts.

    python bench/publish_data.py --issues 2 --per-issue 20 --build   # in the app's environment
"""

import argparse
import hashlib
import random
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import Corpus  # noqa: E402

EDITOR = "bench-publisher@bench.kanwu"
AUTHOR = "bench-published-author@bench.kanwu"


def body_html(corpus: Corpus) -> str:
    """About 8,000 characters of full text: sections, paragraphs, a table, a list."""
    parts = []
    for n in range(1, 6):
        parts.append(f"<h2>{n} 研究内容与方法</h2>")
        parts += [f"<p>{p}</p>" for p in corpus.body_paragraphs(5)]
    parts.append("<table><tr><th>类型</th><th>数量</th><th>占比</th></tr>"
                 + "".join(f"<tr><td>样本{i}</td><td>{i * 13}</td><td>{i * 7}%</td></tr>"
                           for i in range(1, 6)) + "</table>")
    parts.append("<ol>" + "".join(f"<li>{p[:60]}</li>" for p in corpus.body_paragraphs(3))
                 + "</ol>")
    return "\n".join(parts)


def account(email: str, name: str, roles: tuple):
    from sqlalchemy import select

    from accounts.models import User
    from accounts.services import register_user
    from journal.extensions import db

    user = db.session.scalar(select(User).where(User.email == email))
    return user or register_user(email=email, password="kanwu-bench-2026",  # noqa: S106
                                 name=name, roles=roles, confirmed=True)


def next_slot() -> tuple[int, int, int]:
    from publishing.services import suggest_next_issue

    slot = suggest_next_issue()
    if slot["volume"] == 1 and slot["number"] == 1:
        return 2009, 1, 1
    return slot["year"], slot["number"], slot["volume"]


def publish_issues(count: int, per_issue: int, seed: int = 5) -> list[int]:
    """Create, fill and publish `count` issues of `per_issue` articles; returns their ids.
    The caller commits."""
    from sqlalchemy import select

    from accounts.models import Role
    from journal.extensions import db
    from journal.models import Column
    from publishing import services
    from submission.models import Manuscript, ManuscriptAuthor
    from submission.workflow import State

    rng = random.Random(seed)
    corpus = Corpus(rng)
    actor = account(EDITOR, "出版编辑", (Role.EDITOR, Role.CHIEF_EDITOR))
    submitter = account(AUTHOR, "投稿作者", (Role.AUTHOR,))
    columns = list(db.session.scalars(select(Column).order_by(Column.id)))
    if not columns:
        raise SystemExit("no columns: load the demo first (flask --app wsgi demo)")
    ids = []
    for _ in range(count):
        year, number, volume = next_slot()
        issue = services.create_issue(actor, year=year, number=number, volume=volume)
        page = 1
        for position in range(1, per_issue + 1):
            meta = corpus.manuscript()
            day = datetime(year, 1, 1) if number == 1 else datetime(year, 2 * number - 2, 1)
            manuscript = Manuscript(
                submitter_id=submitter.id, column=rng.choice(columns), state=State.ACCEPTED.value,
                number=f"PUB-{year}-{issue.id:03d}{position:02d}", number_year=year,
                **{k: meta[k] for k in ("title_zh", "title_en", "abstract_zh", "abstract_en",
                                        "keywords_zh", "keywords_en", "clc_number",
                                        "document_code", "funding")},
                submitted_at=day.replace(day=1), received_at=day.replace(day=3),
                accepted_at=day.replace(day=20))
            for pos in range(rng.choice((1, 2, 3))):
                person = corpus.person()
                manuscript.authors.append(ManuscriptAuthor(
                    position=pos, corresponding=pos == 0, locale="zh_CN",
                    **{k: person[k] for k in ("name", "name_pinyin", "email", "affiliation",
                                              "affiliation_en", "city", "postcode")}))
            db.session.add(manuscript)
            db.session.flush()
            article = services.schedule(manuscript, issue, actor)
            services.arrange(article, actor, position=position, page_start=page,
                             page_end=page + 4)
            page += 5
            html = body_html(corpus)
            services.set_body(article, html)
            article.final_sha256 = hashlib.sha256(html.encode()).hexdigest()
        services.publish_issue(issue, actor)
        ids.append(issue.id)
    return ids


def first_article_url() -> str:
    from sqlalchemy import select

    from journal.extensions import db
    from publishing.models import Article

    return "/" + db.session.scalar(select(Article.path).where(Article.path.is_not(None))
                                   .order_by(Article.id))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--issues", type=int, default=2)
    parser.add_argument("--per-issue", type=int, default=20)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    from journal import create_app
    from journal.demo import load_demo
    from journal.extensions import db

    app = create_app({"MAIL_DISPATCH_AFTER_COMMIT": False, "SITE_BUILD_AFTER_COMMIT": False})
    with app.app_context():
        load_demo()
        publish_issues(args.issues, args.per_issue)
        db.session.commit()
        if args.build:
            from publishing.build import build_site

            build_site(full=True)
        print(first_article_url())


if __name__ == "__main__":
    main()
