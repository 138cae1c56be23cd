/* A deliberately unhardened executable: pe_check must reject it. */
int main(void)
{
    return 0;
}
