import ast

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.addons.mail.models.mail_render_mixin import format_date
from odoo.tools import get_lang, safe_eval

from ..tools import formatting

#: Context key of the batch render (``_render_template_qweb``). Its value is
#: ``_BatchRender``, a class: a context sent by a client is JSON and can never
#: hold it, so only server code (``_recovery_batch_render``) switches it on.
BATCH_RENDER_CONTEXT_KEY = "debt_recovery_batch_render"


class _BatchRender:
    """The value of ``BATCH_RENDER_CONTEXT_KEY``."""


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _recovery_batch_render(self):
        """These templates rendering their QWeb bodies once compiled for a
        whole batch of records (see ``_render_template_qweb``)."""
        return self.with_context(**{BATCH_RENDER_CONTEXT_KEY: _BatchRender})

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Compile a QWeb body once for a whole batch of records.

        Odoo compiles an inline QWeb body again for each record; the daily
        recovery job renders hundreds of reminders with the same template, so
        when it asks for it (``_recovery_batch_render``: server code only,
        a client's context cannot switch it on), the body is compiled once
        and the compiled function is called for each record. Same values,
        same options, same result as the standard path.
        """
        options = dict(options or {})
        if (
            self.env.context.get(BATCH_RENDER_CONTEXT_KEY) is not _BatchRender
            or len(res_ids) < 2
            or not template_src
            or not self._has_unsafe_expression_template_qweb(template_src, model)
            or (
                not self._unrestricted_rendering
                and not self.env.is_admin()
                and not self.env.user.has_group("mail.group_mail_template_editor")
            )
        ):
            return super()._render_template_qweb(
                template_src, model, res_ids, add_context=add_context, options=options
            )
        base_values = self._render_eval_context()
        base_values.update(self._recovery_batch_formatters())
        if add_context:
            base_values.update(**add_context)
        qweb = self.env["ir.qweb"].with_context(**options)
        template = html.fragment_fromstring(template_src, create_parent="div")
        render = compiled = None
        results = {}
        for record in self.env[model].browse(res_ids):
            values = dict(base_values, object=record)
            prepared = qweb._prepare_environment(values)
            safe_eval.check_values(values)
            if render is None:
                compiled, def_name = prepared._compile(template)
                render = compiled[def_name]
            # Strip the <div> wrapper added to compile several root nodes.
            results[record.id] = Markup("".join(render(prepared, values)))[5:-6]
        return results

    def _recovery_batch_formatters(self):
        """``format_date`` and ``format_amount`` of the rendering context,
        for one batch: same arguments and results as the standard ones
        (``mail.render.mixin._render_eval_context``), with the language
        looked up once a batch rather than on each call, and each date
        formatted once (a batch prints the same few dates)."""
        env = self.env
        langs, dates, currencies = {}, {}, {}

        def lang_of(lang_code):
            """(grouping, thousands separator, decimal point) of the
            language, read once a batch (``res.lang.format`` reads and
            parses them on each call)."""
            if lang_code not in langs:
                data = get_lang(env, lang_code)
                langs[lang_code] = (
                    ast.literal_eval(data.grouping),
                    data.thousands_sep or "",
                    data.decimal_point,
                )
            return langs[lang_code]

        def batch_format_date(date, date_format=False, lang_code=False):
            key = (date, date_format, lang_code)
            if key not in dates:
                dates[key] = format_date(env, date, date_format, lang_code)
            return dates[key]

        def batch_format_amount(amount, currency, lang_code=False):
            key = (currency, lang_code)
            if key not in currencies:
                symbol = currency.symbol or ""
                currencies[key] = (
                    lang_of(lang_code),
                    "%%.%df" % currency.decimal_places,
                    "%s\N{NO-BREAK SPACE}" % symbol
                    if currency.position == "before"
                    else "",
                    ""
                    if currency.position == "before"
                    else "\N{NO-BREAK SPACE}%s" % symbol,
                )
            (grouping, separator, point), pattern, before, after = currencies[key]
            integer, dot, decimals = (pattern % currency.round(amount)).partition(".")
            number = formatting.group_digits(integer, grouping, separator)
            if dot:
                number += point + decimals
            number = number.replace(" ", "\N{NO-BREAK SPACE}").replace(
                "-", "-\N{ZERO WIDTH NO-BREAK SPACE}"
            )
            return before + number + after

        return {"format_date": batch_format_date, "format_amount": batch_format_amount}
