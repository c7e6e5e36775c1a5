#include <stdio.h>

int
main(void)
{
    puts("datagen");
    return 0;
}
