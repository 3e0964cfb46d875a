// Staff edit forms: progressive enhancement only. Without this script every button posts the form and the server
// re-displays it (add/remove rows, Find); with it, rows are added and removed in place, long selects get a filter
// box, and organisation/agreement pickers become a typeahead fed by /Manage/Lookup.
(function () {
    "use strict";

    var form = document.querySelector("form[data-edit-form]");
    if (!form) {
        return;
    }

    // --- Filterable selects (countries, blocs, short record lists) -------------------------------------------------
    function enhanceSelect(select) {
        if (select.dataset.enhanced) {
            return;
        }
        select.dataset.enhanced = "true";
        var label = form.querySelector("label[for='" + select.id + "']");
        var filter = document.createElement("input");
        filter.type = "search";
        filter.className = "select-filter";
        filter.placeholder = form.dataset.filterLabel || "";
        filter.setAttribute("aria-label", (label ? label.textContent.trim() : "") + ": " + (form.dataset.filterLabel || ""));
        filter.setAttribute("aria-controls", select.id);
        filter.autocomplete = "off";
        select.parentNode.insertBefore(filter, select);

        // Keep every option (with its group) so a cleared filter restores the full list.
        var all = Array.prototype.map.call(select.options, function (option) {
            return { option: option, parent: option.parentNode };
        });
        filter.addEventListener("input", function () {
            var text = filter.value.trim().toLowerCase();
            var matches = 0;
            all.forEach(function (entry) {
                var keep = !text || entry.option.value === "" || entry.option.selected ||
                    entry.option.text.toLowerCase().indexOf(text) >= 0 || entry.option.value.toLowerCase() === text;
                if (keep && !entry.option.parentNode) {
                    entry.parent.appendChild(entry.option);
                } else if (!keep && entry.option.parentNode) {
                    entry.option.parentNode.removeChild(entry.option);
                }
                if (keep && entry.option.value !== "") {
                    matches++;
                }
            });
            select.size = text ? Math.min(Math.max(matches + 1, 2), 8) : 0;
        });
        filter.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown") {
                event.preventDefault();
                select.focus();
            } else if (event.key === "Enter") {
                // Enter picks the first match instead of submitting the form.
                event.preventDefault();
                var first = Array.prototype.find.call(select.options, function (o) { return o.value !== ""; });
                if (first) {
                    select.value = first.value;
                    select.dispatchEvent(new Event("change", { bubbles: true }));
                }
            }
        });
    }

    // --- Typeahead for pickers over many records --------------------------------------------------------------------
    var listCount = 0;

    function enhanceLookup(input) {
        if (input.dataset.enhanced) {
            return;
        }
        input.dataset.enhanced = "true";
        var list = document.createElement("datalist");
        list.id = "lookup-list-" + (++listCount);
        input.parentNode.appendChild(list);
        input.setAttribute("list", list.id);
        var timer = null;
        var lastQuery = null;
        input.addEventListener("input", function () {
            var q = input.value.trim();
            // A bare id (chosen from the list, or typed) needs no search.
            if (/^#?\d+$/.test(q) || q.length < 2 || q === lastQuery) {
                return;
            }
            clearTimeout(timer);
            timer = setTimeout(function () {
                lastQuery = q;
                fetch("/Manage/Lookup?type=" + encodeURIComponent(input.dataset.lookup) + "&q=" + encodeURIComponent(q), {
                    headers: { "Accept": "application/json" },
                    credentials: "same-origin"
                }).then(function (response) {
                    return response.ok ? response.json() : [];
                }).then(function (items) {
                    list.textContent = "";
                    items.forEach(function (item) {
                        var option = document.createElement("option");
                        option.value = String(item.id);
                        option.label = item.label;
                        option.textContent = item.label;
                        list.appendChild(option);
                    });
                }).catch(function () { /* The Find button still works. */ });
            }, 200);
        });
    }

    // --- Repeatable rows ----------------------------------------------------------------------------------------------
    var listNames = { parties: "Parties", sources: "Sources", companies: "Companies", agreements: "AgreementIds" };

    // After a row is added or removed, rows are numbered 0..n-1 again: the server binds a list only up to its first gap.
    function renumber(container, list) {
        var prop = listNames[list];
        var namePattern = new RegExp("Form\\." + prop + "\\[\\d+\\]", "g");
        var idPattern = new RegExp("Form_" + prop + "_\\d+_", "g");
        Array.prototype.forEach.call(container.querySelectorAll("[data-row='" + list + "']"), function (row, index) {
            var elements = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
            elements.forEach(function (element) {
                ["name", "id", "for", "aria-describedby", "aria-controls"].forEach(function (attribute) {
                    var value = element.getAttribute(attribute);
                    if (value) {
                        element.setAttribute(attribute, value
                            .replace(namePattern, "Form." + prop + "[" + index + "]")
                            .replace(idPattern, "Form_" + prop + "_" + index + "_"));
                    }
                });
                if (element.name === "remove") {
                    element.value = list + ":" + index;
                }
                if (element.name === "find") {
                    element.value = element.value.replace(namePattern, "Form." + prop + "[" + index + "]");
                }
            });
            var number = row.querySelector("[data-row-number]");
            if (number) {
                number.textContent = String(index + 1);
            }
        });
    }

    function enhance(root) {
        Array.prototype.forEach.call(root.querySelectorAll("select[data-filterable=true]"), enhanceSelect);
        Array.prototype.forEach.call(root.querySelectorAll("input[data-lookup]"), enhanceLookup);
    }

    form.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-add-row], button[data-remove-row]");
        if (!button) {
            return;
        }
        event.preventDefault();
        if (button.hasAttribute("data-add-row")) {
            var list = button.getAttribute("data-add-row");
            var container = form.querySelector("[data-rows='" + list + "']");
            var template = form.querySelector("template[data-row-template='" + list + "']");
            var index = container.querySelectorAll("[data-row='" + list + "']").length;
            var holder = document.createElement("div");
            holder.innerHTML = template.innerHTML.replace(/__index__/g, String(index)).replace(/__number__/g, String(index + 1));
            var row = holder.firstElementChild;
            container.appendChild(row);
            enhance(row);
            var first = row.querySelector("input:not([type=hidden]), select, textarea");
            if (first) {
                first.focus();
            }
        } else {
            var removed = button.closest("[data-row]");
            var name = removed.getAttribute("data-row");
            var rows = removed.parentNode;
            var next = removed.nextElementSibling || removed.previousElementSibling;
            rows.removeChild(removed);
            renumber(rows, name);
            var focusTarget = next ? next.querySelector("input, select, textarea") : form.querySelector("button[data-add-row='" + name + "']");
            if (focusTarget) {
                focusTarget.focus();
            }
        }
    });

    enhance(form);

    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
})();
