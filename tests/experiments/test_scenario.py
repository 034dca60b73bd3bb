import pytest

from gamegroup.experiments.registry import PARAMETERS, Parameter, get_model
from gamegroup.experiments.scenario import Scenario, load_scenario

BASE = """\
name = "toy"
seed = 3
replicates = 3
assumptions = ["noise is normal"]

[parameters]
n = 50

[[experiments]]
id = "means"
title = "Means rise with x"
model = "toymodels:noisy_mean"
[experiments.grid]
x = [0.0, 1.0, 2.0]
[[experiments.checks]]
claim = "mean rises with x"
kind = "trend"
output = "mean"
along = "x"
[[experiments.plots]]
kind = "lines"
output = "mean"
x = "x"
[experiments.regimes]
output = "mean"
thresholds = [0.5]
labels = ["low", "high"]
[experiments.quick]
replicates = 2
grid = { x = [0.0, 2.0] }
"""


@pytest.fixture
def base(toymodels):
    return BASE


def test_a_valid_scenario_loads(base):
    scenario = Scenario.from_text(base, "toy.toml")
    (experiment,) = scenario.experiments
    assert scenario.name == "toy"
    assert scenario.seed == 3
    assert scenario.assumptions == ("noise is normal",)
    assert experiment.grid == {"x": (0.0, 1.0, 2.0)}
    assert experiment.replicates == 3
    assert experiment.task_count == 9
    assert experiment.checks[0].along == "x"
    assert experiment.regimes.labels == ("low", "high")
    assert scenario.fixed_parameters(experiment) == {"n": 50}


def test_quick_overrides_shrink_the_grid_and_replicates(base):
    quick = Scenario.from_text(base).with_quick()
    assert quick.quick
    assert quick.experiments[0].grid == {"x": (0.0, 2.0)}
    assert quick.experiments[0].replicates == 2
    assert quick.with_quick() is quick
    assert quick.to_dict() != Scenario.from_text(base).to_dict()


def test_to_dict_ignores_text_that_does_not_change_results(base):
    edited = base.replace('title = "Means rise with x"', 'title = "Another title"')
    assert Scenario.from_text(edited).to_dict() == Scenario.from_text(base).to_dict()


def test_a_scenario_file_is_read(base, tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(base)
    assert load_scenario(path).source == "mine.toml"
    assert load_scenario(str(path)).name == "toy"


@pytest.mark.parametrize(
    ("old", "new", "error", "pattern"),
    [
        ("seed = 3", "seed = -3", ValueError, r"line 2: `seed` must be an integer >= 0; got -3"),
        (
            "seed = 3",
            "sed = 3",
            ValueError,
            r"line 2: `sed` is not a known key \(did you mean 'seed'\?\)",
        ),
        (
            "replicates = 3",
            "replicates = 3.0",
            TypeError,
            r"line 3: `replicates` must be an integer",
        ),
        ('name = "toy"', 'name = "a toy"', ValueError, r"line 1: `name` must be letters"),
        (
            "x = [0.0, 1.0, 2.0]",
            "y = [0.0, 1.0]",
            ValueError,
            r"line 14: `experiments\[0\].grid.y` is not a parameter of model 'toymodels:noisy_mean'; it takes: x, n",
        ),
        (
            "x = [0.0, 1.0, 2.0]",
            "x = []",
            ValueError,
            r"`experiments\[0\].grid.x` must be a non-empty list",
        ),
        ("x = [0.0, 1.0, 2.0]", "x = [1.0, 1.0]", ValueError, r"must not repeat a value"),
        (
            'along = "x"',
            'along = "z"',
            ValueError,
            r"line 19: `experiments\[0\].checks\[0\].along` must be a parameter the grid varies \(x\); got 'z'",
        ),
        (
            'kind = "trend"',
            'kind = "trnd"',
            ValueError,
            r"`experiments\[0\].checks\[0\].kind` must be one of 'trend'",
        ),
        (
            'output = "mean"\nalong',
            "output = 3\nalong",
            TypeError,
            r"`experiments\[0\].checks\[0\].output` must be a string",
        ),
        (
            "n = 50",
            "n = [50]",
            TypeError,
            r"line 7: `parameters.n` must be a number, a string or a boolean",
        ),
        (
            "n = 50",
            "n = 50\nunused = 1",
            ValueError,
            r"line 8: `parameters.unused` is not used by any experiment",
        ),
        (
            "thresholds = [0.5]",
            "thresholds = [0.5, 0.2]",
            ValueError,
            r"`experiments\[0\].regimes.thresholds` must increase",
        ),
        (
            'labels = ["low", "high"]',
            'labels = ["low"]',
            ValueError,
            r"`experiments\[0\].regimes.labels` must name 2 regimes",
        ),
        (
            "grid = { x = [0.0, 2.0] }",
            "grid = { x = [0.0] }\nfoo = 1",
            ValueError,
            r"`experiments\[0\].quick.foo` is not a known key",
        ),
        ('id = "means"', 'id = "my means"', ValueError, r"`experiments\[0\].id` must be letters"),
        (
            'model = "toymodels:noisy_mean"',
            'model = "toymodels:nothing"',
            ValueError,
            r"line 12: `experiments\[0\].model` 'toymodels:nothing' cannot be imported",
        ),
        (
            'model = "toymodels:noisy_mean"',
            'model = "sharing"',
            ValueError,
            r"`experiments\[0\].model` must be a registered model",
        ),
        (
            'kind = "lines"',
            'kind = "network"',
            ValueError,
            r"'network' needs a model that can rebuild its network",
        ),
        (
            'kind = "lines"',
            'kind = "pie"',
            ValueError,
            r"`experiments\[0\].plots\[0\].kind` must be one of",
        ),
        (
            "[parameters]\nn = 50",
            "[market]\nn = 50",
            ValueError,
            r"`market.n` is not a parameter of \[market\]",
        ),
    ],
)
def test_invalid_scenarios_name_the_key_and_its_line(base, old, new, error, pattern):
    assert old in base
    with pytest.raises(error, match=pattern):
        Scenario.from_text(base.replace(old, new, 1), "toy.toml")


def test_repeated_ids_and_missing_parameters_are_errors(base, toymodels):
    with pytest.raises(ValueError, match=r"`experiments\[1\].id` repeats the id 'means'"):
        Scenario.from_text(
            base + '\n[[experiments]]\nid = "means"\nmodel = "toymodels:noisy_mean"\n'
            "[experiments.grid]\nx = [1.0]\n"
        )
    with pytest.raises(
        ValueError, match=r"experiment 'd' runs model 'toymodels:deterministic', which needs `x`"
    ):
        Scenario.from_text(
            base + '\n[[experiments]]\nid = "d"\nmodel = "toymodels:deterministic"\n'
        )


def test_malformed_toml_is_reported_with_its_position():
    with pytest.raises(ValueError, match=r"toy.toml: malformed TOML: .*line 2"):
        Scenario.from_text('name = "x"\n[[experiments]\n', "toy.toml")


def test_missing_required_keys():
    with pytest.raises(ValueError, match=r"must set `experiments`"):
        Scenario.from_text('name = "x"\n')
    with pytest.raises(ValueError, match=r"must set `model`"):
        Scenario.from_text('name = "x"\n[[experiments]]\nid = "a"\n')


def test_unknown_names_and_paths_are_rejected(tmp_path):
    with pytest.raises(ValueError, match=r"`scenario` 'no-such' is neither a file nor a built-in"):
        load_scenario("no-such")
    with pytest.raises(TypeError, match=r"`scenario`"):
        load_scenario(3)
    with pytest.raises(FileNotFoundError, match=r"`scenario`"):
        Scenario.from_toml(tmp_path / "missing.toml")


def test_declared_parameters_check_kind_and_range():
    probability = Parameter("market", float, "a probability", low=0.0, high=1.0)
    assert probability.check(1, "p") == 1.0
    with pytest.raises(ValueError, match=r"`p` must lie in \[0, 1\]"):
        probability.check(1.5, "p")
    with pytest.raises(TypeError, match=r"`p` must be a real number"):
        probability.check("high", "p")
    count = Parameter("network", int, "members", low=2)
    with pytest.raises(TypeError, match=r"`m` must be an integer"):
        count.check(2.0, "m")
    rule = Parameter("dynamics", str, "rule", choices=("fermi", "moran"))
    with pytest.raises(ValueError, match=r"`rule` must be one of 'fermi', 'moran'"):
        rule.check("fermy", "rule")
    flag = Parameter("programme", bool, "flag")
    with pytest.raises(TypeError, match=r"`f` must be true or false"):
        flag.check(1, "f")
    assert probability.describe() == "float in [0, 1]"


def test_every_registered_model_declares_its_parameters():
    for name in list(PARAMETERS):
        assert PARAMETERS[name].doc, name
    with pytest.raises(ValueError, match=r"`model`"):
        get_model("nothing-like-this")
