using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace PermissionsAdmin.PostgreSql;

/// <summary>
/// The data protection key ring in the application's own database (<see cref="DataProtectionKey"/> rows), each call
/// in a scope of its own. The key manager reads all keys at startup and when a payload names a key it does not
/// know yet, and writes one row per new key.
/// </summary>
internal sealed class DbContextXmlRepository<TContext>(IServiceScopeFactory scopes) : IXmlRepository
    where TContext : DbContext, IDataProtectionKeyContext
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return context.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList()
            .Where(xml => !string.IsNullOrEmpty(xml))
            .Select(xml => XElement.Parse(xml!))
            .ToList()
            .AsReadOnly();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        context.DataProtectionKeys.Add(new DataProtectionKey
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        context.SaveChanges();
    }
}
