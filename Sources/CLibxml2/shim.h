// libxml2's HTML parser and tree. Debian builds libxml2 with ICU, and its encoding.h then
// includes ICU's headers, which clash with the copy of ICU inside Swift's Foundation. Nothing
// here uses the ICU-dependent fields (of xmlCharEncodingHandler), so ICU is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
