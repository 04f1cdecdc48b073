import pkg.mod
print(pkg.mod.demo())
x = pkg.mod.make('x')
del x
print('end')
