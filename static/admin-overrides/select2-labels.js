'use strict';
// The admin's autocomplete boxes (select2 4.0.13, bundled with Django) get their field's label as accessible name.
// Select2 names its combobox only by the chosen value (aria-labelledby its rendered text) and gives that text the
// role "textbox" with no name at all: an empty box is read as an unnamed field (axe: aria-input-field-name), a
// filled one as the bare value. As select2 4.1 does, the rendered text loses its textbox role; the combobox is
// named by the field's <label> followed by the value ("Pegawai Budi Santoso"), and the search box of the opened
// list by the label too.
//
// Loaded with `defer` (templates/admin/base_site.html): it runs after every script of the page, select2 included,
// and before DOMContentLoaded, when Django's autocomplete.js starts select2 on each box.
{
    const select2 = window.django && django.jQuery && django.jQuery.fn.select2;
    if (select2 && select2.amd) {
        const labelOf = (select) => {
            const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
            if (label && !label.id) {
                label.id = `${select.id}-label`;
            }
            return label;
        };

        const SingleSelection = select2.amd.require('select2/selection/single');
        const bindSingle = SingleSelection.prototype.bind;
        SingleSelection.prototype.bind = function(container, $container) {
            bindSingle.apply(this, arguments);
            const rendered = this.$selection.find('.select2-selection__rendered');
            rendered.removeAttr('role').removeAttr('aria-readonly');
            const label = labelOf(this.$element[0]);
            if (label) {
                this.$selection.attr('aria-labelledby', `${label.id} ${rendered.attr('id')}`);
            }
        };

        const Search = select2.amd.require('select2/dropdown/search');
        const bindSearch = Search.prototype.bind;
        Search.prototype.bind = function(decorated, container, $container) {
            bindSearch.apply(this, arguments);
            const label = labelOf(this.$element[0]);
            if (label) {
                this.$search.attr('aria-label', `Cari ${label.textContent.replace(/:\s*$/, '').trim()}`);
            }
        };
    }
}
