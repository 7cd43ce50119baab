using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using PermissionsAdmin.Data;

namespace PermissionsAdmin.Admin.Entities;

/// <summary>
/// Keyset pages of an entity list: a cursor holds the sort keys of the row a page starts after (or ends before), and
/// the next page is the rows past it in the list's order, read through the index as the first page is. Used when every
/// sort key is a non-nullable number, date, time or text (the key always ends the order); other orders page by OFFSET.
/// </summary>
internal static class EntityCursor
{
    private static readonly MethodInfo StringCompare = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    public static bool Supports(IReadOnlyList<(AdminField Field, bool Descending)> keys) =>
        keys.All(k => !k.Field.IsNullable && IsOrdered(k.Field.ValueType));

    /// <summary>The cursor of <paramref name="row"/>: each key's value, exact (dates as ticks), escaped and joined by dots.</summary>
    public static string Of(IReadOnlyList<(AdminField Field, bool Descending)> keys, object row) =>
        string.Join('.', keys.Select(k => Uri.EscapeDataString(Format(k.Field.Get(row)!))));

    /// <summary>The key values in <paramref name="cursor"/>, or null for one that does not fit the order (the first page then).</summary>
    public static object[]? Parse(IReadOnlyList<(AdminField Field, bool Descending)> keys, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 2000) return null;
        var parts = cursor.Split('.');
        if (parts.Length != keys.Count) return null;
        var values = new object[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (Value(keys[i].Field.ValueType, Uri.UnescapeDataString(parts[i])) is not { } value) return null;
            values[i] = value;
        }
        return values;
    }

    /// <summary>
    /// Rows past <paramref name="values"/> in the list's order (<paramref name="forward"/>) or before it: for keys
    /// k1…kn, the rows where k1…k(i-1) equal the cursor's and ki is past it, for some i. Values are parameters.
    /// </summary>
    public static Expression<Func<T, bool>> Past<T>(IReadOnlyList<(AdminField Field, bool Descending)> keys, object[] values, bool forward)
    {
        var row = Expression.Parameter(typeof(T), "e");
        Expression? any = null;
        for (var i = 0; i < keys.Count; i++)
        {
            // Forward in an ascending key (or back in a descending one) is a greater value.
            Expression all = Past(row, keys[i].Field, values[i], greater: forward != keys[i].Descending);
            for (var j = i - 1; j >= 0; j--) all = Expression.AndAlso(Equal(row, keys[j].Field, values[j]), all);
            any = any is null ? all : Expression.OrElse(any, all);
        }
        // The same rows, said once more as a range on the first key, so the database seeks its index there instead of
        // reading from the top and testing each row.
        var first = Past(row, keys[0].Field, values[0], greater: forward != keys[0].Descending, orEqual: true);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(first, any!), row);
    }

    private static BinaryExpression Equal(ParameterExpression row, AdminField field, object value) =>
        Expression.Equal(Expression.Property(row, field.Property.PropertyInfo!), QueryParameter.Of(value, field.Property.ClrType));

    /// <summary>The row's key greater than the cursor's (or equal), or less; text compared as the database orders it.</summary>
    private static BinaryExpression Past(ParameterExpression row, AdminField field, object value, bool greater, bool orEqual = false)
    {
        Expression left = Expression.Property(row, field.Property.PropertyInfo!);
        Expression right = QueryParameter.Of(value, field.Property.ClrType);
        if (field.ValueType == typeof(string))
        {
            left = Expression.Call(StringCompare, left, right);
            right = Expression.Constant(0);
        }
        return (greater, orEqual) switch
        {
            (true, false) => Expression.GreaterThan(left, right),
            (false, false) => Expression.LessThan(left, right),
            (true, true) => Expression.GreaterThanOrEqual(left, right),
            (false, true) => Expression.LessThanOrEqual(left, right),
        };
    }

    private static bool IsOrdered(Type type) =>
        type == typeof(string) || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(decimal)
        || type == typeof(double) || type == typeof(float) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(DateOnly) || type == typeof(TimeOnly);

    private static string Format(object value) => value switch
    {
        DateTime d => d.Ticks.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset d => d.UtcTicks.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.DayNumber.ToString(CultureInfo.InvariantCulture),
        TimeOnly t => t.Ticks.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static object? Value(Type type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(string)) return text;
        if (!long.TryParse(text, NumberStyles.Integer, invariant, out var whole))
        {
            if (type == typeof(decimal)) return decimal.TryParse(text, NumberStyles.Number, invariant, out var m) ? m : null;
            if (type == typeof(double)) return double.TryParse(text, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? d : null;
            if (type == typeof(float)) return float.TryParse(text, NumberStyles.Float, invariant, out var f) && float.IsFinite(f) ? f : null;
            return null;
        }
        try
        {
            return type switch
            {
                _ when type == typeof(DateTime) => new DateTime(whole, DateTimeKind.Utc),
                _ when type == typeof(DateTimeOffset) => new DateTimeOffset(whole, TimeSpan.Zero),
                _ when type == typeof(DateOnly) => DateOnly.FromDayNumber(checked((int)whole)),
                _ when type == typeof(TimeOnly) => new TimeOnly(whole),
                _ => Convert.ChangeType(whole, type, invariant),
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }
}
