using System.Reflection;
using System.Reflection.Emit;

namespace PermissionsAdmin.Scenarios.Sync;

/// <summary>
/// A thousand entity classes made at runtime (<c>Bench.Generated.Model0001</c>…, each with an <c>int Id</c>). Real CLR
/// types, because the catalogue reads types, namespaces and attributes and skips shared-type (property bag) entities.
/// </summary>
internal static class GeneratedEntities
{
    public const int Count = 1_000;

    /// <summary>The app label the namespace gives them.</summary>
    public const string AppLabel = "generated";

    public static IReadOnlyList<Type> Types { get; } = Emit();

    private static List<Type> Emit()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Bench.Generated"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Bench.Generated");
        return Enumerable.Range(1, Count).Select(i =>
        {
            var type = module.DefineType($"Bench.Generated.Model{i:0000}", TypeAttributes.Public | TypeAttributes.Class);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            DefineIntProperty(type, "Id");
            return type.CreateType();
        }).ToList();
    }

    private static void DefineIntProperty(TypeBuilder type, string name)
    {
        const MethodAttributes accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
        var field = type.DefineField($"_{char.ToLowerInvariant(name[0])}{name[1..]}", typeof(int), FieldAttributes.Private);
        var property = type.DefineProperty(name, PropertyAttributes.None, typeof(int), null);

        var getter = type.DefineMethod($"get_{name}", accessor, typeof(int), Type.EmptyTypes);
        var il = getter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        property.SetGetMethod(getter);

        var setter = type.DefineMethod($"set_{name}", accessor, null, [typeof(int)]);
        il = setter.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        property.SetSetMethod(setter);
    }
}
