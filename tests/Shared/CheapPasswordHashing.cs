using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.Testing;

public static class CheapPasswordHashing
{
    /// <summary>
    /// One PBKDF2 iteration instead of Identity's 100,000 (about 80 ms here, paid for every account made with a
    /// password and every sign-in): no test is about the work factor, and the hash format and its checks are
    /// unchanged. A full-strength hash (from the CLI run as a process) still verifies, with no rehash on sign-in.
    /// </summary>
    public static IServiceCollection UseCheapPasswordHashing(this IServiceCollection services) =>
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1);
}
