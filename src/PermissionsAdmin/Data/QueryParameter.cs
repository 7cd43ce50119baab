using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace PermissionsAdmin.Data;

/// <summary>Values in expression trees built at run time.</summary>
internal static class QueryParameter
{
    /// <summary>
    /// A value EF Core sends as a parameter: read from a closure, as a lambda's captured variable is, so one cached
    /// query plan serves every value.
    /// </summary>
    public static Expression Of(object value, Type type) =>
        Expression.Convert(Expression.Field(Expression.Constant(new StrongBox<object>(value)), nameof(StrongBox<object>.Value)), type);
}
