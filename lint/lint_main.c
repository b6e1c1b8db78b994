/* placeholder: replaced by the linter */
#include <stdio.h>
int
main(void)
{
    printf("samesite-lint: not built yet\n");
    return 2;
}
