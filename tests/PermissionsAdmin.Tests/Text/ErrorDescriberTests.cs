using System.Globalization;
using Microsoft.AspNetCore.Identity;
using PermissionsAdmin.Text;

namespace PermissionsAdmin.Tests.Text;

/// <summary>The describer translates Identity's errors for the French admin and leaves its English word for word.</summary>
public sealed class ErrorDescriberTests
{
    [Fact]
    public void In_English_every_error_reads_as_Identity_writes_it()
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            var overridden = typeof(ErrorDescriber).GetMethods()
                .Where(m => m.DeclaringType == typeof(ErrorDescriber) && m.Name is not (nameof(ErrorDescriber.DuplicateRoleName) or nameof(ErrorDescriber.InvalidRoleName)))
                .ToList(); // the groups' two are worded for groups on purpose
            Assert.True(overridden.Count > 10);
            foreach (var method in overridden)
            {
                object?[] args = [.. method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)8 : "x")];
                var expected = (IdentityError)method.GetBaseDefinition().Invoke(new IdentityErrorDescriber(), args)!;
                var actual = (IdentityError)method.Invoke(new ErrorDescriber(), args)!;
                Assert.Equal((expected.Code, expected.Description), (actual.Code, actual.Description));
            }
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
