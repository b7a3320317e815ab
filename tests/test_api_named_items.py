"""Every name the breadth issue listed exists where PyTorch has it (the behaviour of each is
tested against torch in the test module of its family)."""

import importlib

import pytest

import numtensor as nt

NAMED = {
    "": """repeat_interleave roll fliplr flipud rot90 meshgrid broadcast_tensors broadcast_to
        block_diag cartesian_prod combinations tril_indices triu_indices diag_embed diagflat
        take_along_dim einsum tensordot kron cross cdist dist diff cummax cummin logcumsumexp
        nansum nanmean nanmedian std_mean var_mean aminmax kthvalue mode msort
        unique_consecutive searchsorted bucketize histc bincount logaddexp logaddexp2 xlogy
        hypot copysign fmin fmax sinc logit erfc erfinv lgamma digamma polygamma i0 deg2rad
        rad2deg signbit isneginf isposinf isreal addmm addmv addbmm baddbmm addr bernoulli
        multinomial normal poisson finfo iinfo pi e inf nan version backends get_num_threads
        set_num_threads set_default_device get_default_device use_deterministic_algorithms
        is_tensor numel result_type can_cast complex64 complex128 view_as_real view_as_complex
        complex polar real imag conj angle bfloat16 scatter_add scatter_reduce masked_scatter
        inverse det slogdet qr cholesky pinverse matrix_power matrix_exp lu_solve
        triangular_solve absolute arccos positive sgn ravel""",
    "Tensor": """t_ squeeze_ unsqueeze_ transpose_ type_as ravel random_ positive sgn absolute
        arccos repeat tile unfold index_add_ index_copy_ index_fill_ index_put_ scatter_add
        scatter_reduce masked_scatter exponential_ geometric_ log_normal_ cauchy_ real imag conj
        angle register_post_accumulate_grad_hook""",
    "linalg": """inv det slogdet solve lstsq qr cholesky eigh eigvalsh eig eigvals svd svdvals
        pinv matrix_rank matrix_norm vector_norm norm matrix_power matrix_exp cross multi_dot
        lu_factor lu_solve solve_triangular householder_product""",
    "nn": """RNN LSTM GRU RNNCell LSTMCell GRUCell MultiheadAttention TransformerEncoderLayer
        TransformerEncoder TransformerDecoderLayer TransformerDecoder Transformer ConvTranspose1d
        ConvTranspose2d Conv3d Fold Unfold MaxPool1d MaxPool3d AvgPool1d AdaptiveMaxPool1d
        AdaptiveMaxPool2d AdaptiveAvgPool1d LPPool1d LPPool2d MaxUnpool1d MaxUnpool2d
        MaxUnpool3d Upsample PixelShuffle PixelUnshuffle ZeroPad2d ConstantPad1d ConstantPad2d
        ReflectionPad1d ReflectionPad2d ReplicationPad1d ReplicationPad2d CircularPad1d
        CircularPad2d Dropout1d Dropout2d Dropout3d AlphaDropout InstanceNorm1d InstanceNorm2d
        GroupNorm LocalResponseNorm RMSNorm EmbeddingBag Hardtanh ReLU6 SELU CELU Mish Hardswish
        Hardsigmoid LogSigmoid Softsign Tanhshrink Softmin GLU PReLU RReLU Threshold Softshrink
        Hardshrink KLDivLoss PoissonNLLLoss GaussianNLLLoss CosineEmbeddingLoss
        MarginRankingLoss TripletMarginLoss TripletMarginWithDistanceLoss HingeEmbeddingLoss
        SoftMarginLoss MultiLabelSoftMarginLoss MultiMarginLoss MultiLabelMarginLoss CTCLoss
        CosineSimilarity PairwiseDistance ParameterList ParameterDict Buffer LazyLinear
        LazyConv2d""",
    "nn.functional": """scaled_dot_product_attention interpolate grid_sample affine_grid
        pixel_shuffle pixel_unshuffle fold unfold ctc_loss embedding_bag max_unpool2d conv3d
        conv_transpose1d conv_transpose2d""",
    "nn.init": "orthogonal_ sparse_ dirac_ eye_",
    "nn.utils": """clip_grad_norm_ clip_grad_value_ clip_grads_with_norm_ get_total_norm skip_init
        weight_norm spectral_norm parameters_to_vector vector_to_parameters fuse_conv_bn_eval
        fuse_linear_bn_eval""",
    "nn.utils.rnn": "pad_sequence pack_padded_sequence pad_packed_sequence PackedSequence",
    "nn.utils.parametrize": "register_parametrization remove_parametrizations cached",
    "nn.utils.parametrizations": "weight_norm spectral_norm orthogonal",
    "optim": "Adadelta Adamax NAdam RAdam ASGD Rprop LBFGS SparseAdam",
    "optim.lr_scheduler": """OneCycleLR LinearLR ConstantLR PolynomialLR
        CosineAnnealingWarmRestarts CyclicLR SequentialLR ChainedScheduler""",
    "optim.swa_utils": "AveragedModel SWALR update_bn",
    "utils.data": """IterableDataset ChainDataset StackDataset WeightedRandomSampler
        SubsetRandomSampler default_convert""",
    "autograd.functional": "jacobian hessian vjp jvp hvp vhp",
    "autograd.forward_ad": "dual_level make_dual unpack_dual",
    "autograd.function": "once_differentiable",
    "autograd.graph": "saved_tensors_hooks save_on_cpu",
    "autograd": "detect_anomaly set_detect_anomaly Function",
    "func": "grad vjp jacrev vmap",
}


@pytest.mark.parametrize("namespace", list(NAMED))
def test_named_items_exist(namespace):
    if namespace == "Tensor":
        where = nt.Tensor
    elif namespace:
        where = importlib.import_module(f"numtensor.{namespace}")
    else:
        where = nt
    missing = [name for name in NAMED[namespace].split() if not hasattr(where, name)]
    assert not missing, f"numtensor.{namespace} lacks {missing}"


def test_function_context_extras():
    for name in ("mark_dirty", "mark_non_differentiable", "set_materialize_grads"):
        assert hasattr(nt.autograd.Function, name)
