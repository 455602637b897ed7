import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("l10n_fr_debt_recovery_worklist_tour", {
    url: "/odoo/action-l10n_fr_debt_recovery.res_partner_action_recovery_worklist",
    steps: () => [
        {
            content: "The worklist shows the customer with its next step",
            trigger: ".o_list_view .o_data_row:contains('Tour Client SARL'):contains('Courtesy reminder')",
        },
        {
            content: "Open the customer's processing wizard",
            trigger: ".o_data_row:contains('Tour Client SARL') button[name='action_recovery_process']",
            run: "click",
        },
        {
            content: "The wizard says what is due today",
            trigger: ".modal .o_field_widget[name='next_step_summary']:contains('Courtesy reminder due today')",
        },
        {
            content: "The overdue invoice is listed",
            trigger: ".modal .o_field_widget[name='invoice_ids'] .o_data_row",
        },
        {
            content: "Send the reminder now",
            trigger: ".modal footer button[name='action_send']",
            run: "click",
        },
        {
            content: "Odoo confirms the step was sent",
            trigger: ".o_notification:contains('1 step(s) sent')",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
