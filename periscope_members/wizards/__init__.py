from . import periscope_membership_renewal
