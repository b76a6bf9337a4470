# po.mk - message catalogues (included by the top Makefile).
#
#   make            compiles po/LANG.po into build/locale/LANG/LC_MESSAGES/stocktake.mo, where
#                   the program looks when run from the source tree (src/core/i18n.c)
#   make po         re-extracts po/stocktake.pot from src/**/*.c and merges it into each
#                   po/LANG.po; then translate what it reports as untranslated or fuzzy
#   make install    also installs the catalogues under $(PREFIX)/share/locale
#
# T(ar, "...") and TN(ar, singular, plural, n) take the request first: hence T:2, TN:2,3;
# the report layer's RT(opts, "...") and RTN likewise.
# The CLI's _("...") and Q_(singular, plural, n) (src/cli/cli_i18n.h): _ and Q_:1,2.

PO_LANGS := $(basename $(notdir $(wildcard po/*.po)))
MO_FILES := $(PO_LANGS:%=build/locale/%/LC_MESSAGES/stocktake.mo)
POT      ?= po/stocktake.pot
XGETTEXT_FLAGS := --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: --sort-output \
	--add-location=file \
	--keyword=_ --keyword=N_ --keyword=T:2 --keyword=TN:2,3 --keyword=RT:2 --keyword=RTN:2,3 --keyword=Q_:1,2 --package-name=stocktake
CPPFLAGS += -DSTOCKTAKE_LOCALEDIR='"$(PREFIX)/share/locale"'

.PHONY: po pot install-po
all: $(MO_FILES)
test: $(MO_FILES)
install: install-po

build/locale/%/LC_MESSAGES/stocktake.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT  $<"
	@msgfmt --check -o $@.tmp.$$$$ $< && mv -f $@.tmp.$$$$ $@

# pot writes the template to $(POT); tests/cli/test_i18n.sh compares a fresh one with po/.
pot:
	@xgettext $(XGETTEXT_FLAGS) -o $(POT) $$(find src -name '*.c' | LC_ALL=C sort)

po: pot
	@for po in po/*.po; do msgmerge --quiet --update --backup=none --previous $$po $(POT); done
	@for po in po/*.po; do printf '%s: ' $$po; msgfmt --check --statistics -o /dev/null $$po; done

install-po: $(MO_FILES)
	@for l in $(PO_LANGS); do \
		install -d $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES && \
		install -m 644 build/locale/$$l/LC_MESSAGES/stocktake.mo \
			$(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/stocktake.mo || exit 1; \
	done
