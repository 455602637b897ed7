from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(
        self, template_src, model, res_ids, add_context=None, options=None
    ):
        """Compile a QWeb body once for a whole batch of records.

        Odoo compiles an inline QWeb body again for each record; the daily
        recovery job renders hundreds of reminders with the same template, so
        when it asks for it (context key ``debt_recovery_batch_render``), the
        body is compiled once and the compiled function is called for each
        record. Same values, same options, same result as the standard path.
        """
        options = dict(options or {})
        if (
            not self.env.context.get("debt_recovery_batch_render")
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
