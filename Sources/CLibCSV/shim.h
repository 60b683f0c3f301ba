// Bridges Debian's libcsv (package libcsv-dev) into Swift.
#include <stddef.h>
#include <csv.h>
