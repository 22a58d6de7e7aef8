#ifndef OUTAGECAL_CLIBICAL_SHIM_H
#define OUTAGECAL_CLIBICAL_SHIM_H
#include <libical/ical.h>
#endif
