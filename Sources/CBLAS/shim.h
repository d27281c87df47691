#include <cblas.h>
// OpenBLAS's own controls (not part of CBLAS): used to hold it at one thread inside kernels that
// parallelise over heads themselves.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
