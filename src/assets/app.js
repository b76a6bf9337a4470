// stocktake - progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	// The language chooser submits itself when a language is picked.
	var lang = document.getElementById("lang-select");
	if (lang && lang.form) {
		lang.addEventListener("change", function () { lang.form.submit(); });
		var button = lang.form.querySelector("button");
		if (button) button.hidden = true;
	}
	// Buttons that ask for confirmation carry data-confirm.
	document.querySelectorAll("[data-confirm]").forEach(function (el) {
		el.addEventListener("click", function (ev) {
			if (!window.confirm(el.getAttribute("data-confirm"))) ev.preventDefault();
		});
	});
});
