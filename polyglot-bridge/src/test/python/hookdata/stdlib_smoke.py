import sys
mods = ['json', 'textwrap', 'fractions', 'dataclasses', 'enum', 'collections', 'functools',
        'string', 'heapq', 'bisect', 'difflib', 'pprint', 'statistics', 'shlex', 'base64', 'csv', 'argparse', 'typing', 're', 'ast', 'inspect']
for m in mods:
    __import__(m)
import json, textwrap, fractions, dataclasses, enum, collections, difflib, pprint, statistics, argparse, re, ast, inspect, typing
print(json.dumps({'a': [1, 2, {'b': None}]}, sort_keys=True))
print(json.loads('{"x": [1, 2.5, "s"]}'))
print(textwrap.fill('hello world ' * 5, 20))
print(fractions.Fraction(3, 4) + fractions.Fraction(1, 4))
@dataclasses.dataclass
class P:
    x: int
    y: list = dataclasses.field(default_factory=list)
print(P(1), P(2, [3]) == P(2, [3]))
class Color(enum.Enum):
    RED = 1
    GREEN = 2
print(Color.RED, Color(2), list(Color))
print(collections.Counter('abracadabra').most_common(2), collections.OrderedDict(a=1))
print(list(difflib.unified_diff(['a', 'b'], ['a', 'c'], lineterm='')))
pprint.pprint({'k': list(range(3))})
print(statistics.mean([1, 2, 3, 4]))
p = argparse.ArgumentParser(prog='x'); p.add_argument('--n', type=int, default=3)
print(p.parse_args(['--n', '5']))
print(re.findall(r'\d+', 'a1b22c333'), re.sub('a', 'b', 'banana'))
print(ast.dump(ast.parse('x = 1')))
print(inspect.signature(lambda a, b=2: None))
print(typing.get_type_hints(P))
